// Server entry point for model scoring: the per-process cached onnxruntime sessions (see ./onnx/ort-scorer,
// which holds the implementation without 'server-only' so tsx scripts can load it).
import 'server-only';

export { CHUNK_ROWS, getScorer, OnnxScorer } from './onnx/ort-scorer';
