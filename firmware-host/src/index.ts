export { startAgent, FIRMWARE_VERSION, type Agent, type AgentOptions } from './agent.js';
export { SimButtons, type Buttons } from './buttons.js';
export { transition, initialState, type RecorderState, type RecorderInput } from './state-machine.js';
export { buildLivePushArgs, buildInputArgs, buildEncoderArgs, buildWatermarkFilter } from './ffmpeg-args.js';
