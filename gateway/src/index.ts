export { startGateway, type Gateway } from './gateway.js';
export { loadConfig, renderSampleConfig, GatewayConfig, envName } from './config.js';
export { validateDevicePublish } from './broker.js';
export { buildSegmentArgs } from './footage/segment-recorder.js';
export { createLogger } from './log.js';
