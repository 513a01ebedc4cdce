import type { Server } from 'node:net';
import { envName } from './config.js';

/**
 * Listens and resolves the bound port. A port in use is reported with the
 * setting to change, instead of the bare EADDRINUSE.
 */
export function listen(server: Server, host: string, port: number, setting: [string, string]): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const name = `${setting[0]}.${setting[1]}`;
      if (err.code === 'EADDRINUSE') {
        reject(
          new Error(
            `port ${port} on ${host} is already in use (setting ${name}): stop the other program or choose another port with ${envName(...setting)}=<port> or "${setting[1]}:" under "${setting[0]}:" in liuhen.yaml`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(
          new Error(
            `no permission to listen on port ${port} (setting ${name}): choose a port above 1023 with ${envName(...setting)}`,
          ),
        );
      } else {
        reject(err);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
