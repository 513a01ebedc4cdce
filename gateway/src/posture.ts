/**
 * The station's security posture at start. Secure by default, like Mosquitto 2: anonymous MQTT,
 * unsigned RTMP and uploads from unenrolled recorders are off. A station started with any of them
 * on refuses to run unless the operator says explicitly that this is a lab
 * (`lab.allowInsecure`); then it runs and says so loudly, at every start. Plain HTTP on a
 * network address, and remote button presses of simulated recorders outside the demo, are
 * warned about.
 */
import type { GatewayConfig } from './config.js';
import type { Logger } from './log.js';

export interface PostureFinding {
  setting: string;
  risk: string;
}

/** The settings that open the station to anyone on its network. */
export function insecureSettings(config: GatewayConfig): PostureFinding[] {
  const out: PostureFinding[] = [];
  if (config.mqtt.allowAnonymous)
    out.push({
      setting: 'mqtt.allowAnonymous',
      risk: 'anyone on the network can connect to the broker without credentials',
    });
  if (config.rtmp.allowUnsigned)
    out.push({
      setting: 'rtmp.allowUnsigned',
      risk: 'anyone can publish a live stream for a recorder that is not enrolled',
    });
  if (config.auth.allowUnenrolledUploads)
    out.push({
      setting: 'auth.allowUnenrolledUploads',
      risk: 'anyone can upload footage (and register an evidence key) for a recorder that is not enrolled',
    });
  return out;
}

const isLoopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === 'localhost';

/**
 * Refuses (throws) an insecure start that is not an explicit lab; logs every open setting of a
 * lab loudly, and warns about plain HTTP and simulated-recorder commands. Call first thing.
 */
export function checkPosture(config: GatewayConfig, log: Logger): void {
  const open = insecureSettings(config);
  if (open.length > 0 && !config.lab.allowInsecure) {
    throw new Error(
      `refusing to start: ${open.map((o) => o.setting).join(', ')} ${open.length === 1 ? 'is' : 'are'} on ` +
        `(${open.map((o) => o.risk).join('; ')}). Enroll every recorder at the desk and turn ${open.length === 1 ? 'it' : 'them'} off. ` +
        'Only for a lab with no real footage: set lab.allowInsecure (LIUHEN_LAB_ALLOW_INSECURE=true).',
    );
  }
  for (const o of open) {
    log.warn(
      { setting: o.setting, lab: true },
      `INSECURE LAB STATION: ${o.setting} is on: ${o.risk}. Never run a real station like this`,
    );
  }
  if (!config.tls.https && !isLoopback(config.http.host)) {
    log.warn(
      { host: config.http.host },
      'plain HTTP on a network address: passwords, session cookies and recorder credentials cross the network unencrypted; set tls.https with tls.certFile and tls.keyFile',
    );
  }
  if (config.devices.allowSimCommands && !config.auth.demo) {
    log.warn(
      'devices.allowSimCommands is on outside the demo: the dashboard can press the button of simulated recorders',
    );
  }
}
