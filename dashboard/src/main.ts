import { mount } from 'svelte';
import { setupI18n } from './lib/i18n';
import App from './App.svelte';
import './app.css';

setupI18n();

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

export default mount(App, { target });
