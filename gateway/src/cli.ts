#!/usr/bin/env node
/**
 * liuhen-gateway: runs the station. Zero config; see liuhen.sample.yaml.
 *   liuhen-gateway                 start
 *   liuhen-gateway --print-config  print the effective configuration
 *   liuhen-gateway --sample-config print the sample config with every default
 */
import { parseArgs } from 'node:util';
import { loadConfig, renderSampleConfig } from './config.js';
import { startGateway } from './gateway.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    'print-config': { type: 'boolean', default: false },
    'sample-config': { type: 'boolean', default: false },
  },
});

if (values['sample-config']) {
  process.stdout.write(renderSampleConfig());
  process.exit(0);
}

let config;
try {
  config = loadConfig({ file: values.config });
} catch (err) {
  console.error(`liuhen-gateway: ${(err as Error).message}`);
  process.exit(2);
}
if (values['print-config']) {
  console.log(JSON.stringify(config, null, 2));
  process.exit(0);
}

try {
  const gw = await startGateway(config);
  console.log(`liuhen gateway: dashboard ${gw.url}/  mqtt :${gw.ports.mqtt}  rtmp :${gw.ports.rtmp}`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await gw.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  console.error(`liuhen-gateway: ${(err as Error).message}`);
  process.exit(1);
}
