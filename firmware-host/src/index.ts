export { startAgent, FIRMWARE_VERSION, type Agent, type AgentOptions } from './agent.js';
export { createHardware, SimHardware, type RecorderHardware } from './hardware/index.js';
export { transition, initialState, type RecorderState, type RecorderInput } from './state-machine.js';
export { buildInputArgs, buildEncoderArgs, buildWatermarkFilter } from './ffmpeg-args.js';
export { buildCaptureArgs } from './capture/capture-args.js';
export { CapturePipeline, type EvidenceSegment } from './capture/capture.js';
