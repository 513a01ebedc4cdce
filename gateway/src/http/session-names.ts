/** How a browser session travels over HTTP: the cookie that carries it and the header a write must echo. */
export const SESSION_COOKIE = 'liuhen_session';
/** Double-submit CSRF token: state-changing requests from a session must send it (http/guard.ts). */
export const CSRF_HEADER = 'x-csrf-token';
