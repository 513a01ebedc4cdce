export { startAgent, FIRMWARE_VERSION, type Agent, type AgentOptions } from './agent.js';
export { createHardware, SimHardware, type RecorderHardware } from './hardware/index.js';
export { transition, initialState, type RecorderState, type RecorderInput } from './state-machine.js';
export { buildInputArgs, buildEncoderArgs, buildWatermarkFilter } from './ffmpeg-args.js';
export { buildCaptureArgs } from './capture/capture-args.js';
export { CapturePipeline, type EvidenceSegment } from './capture/capture.js';
export { buildTelemetry, recordableSeconds, DEFAULT_TELEMETRY_INTERVAL_MS } from './telemetry.js';
export { createSelfTest, type SelfTest, type SelfTestResult } from './self-test.js';
export {
  enroll,
  readEnrollment,
  ENROLLMENT_FILE,
  type Enrollment,
  type EnrollmentAnswer,
  type EnrollRequest,
} from './enrollment.js';
