// ONNX protobuf encoding/decoding with protobufjs and the official ONNX schema (onnx.proto, shipped here as
// the JSON descriptor onnx.json generated from it, so bundlers and tsx load it without file-system paths).
// After editing onnx.proto, regenerate onnx.json with protobufjs: { license, ...loadSync('onnx.proto').toJSON() }
// (onnx.test.ts fails while the two differ).

import protobuf from 'protobufjs';
import descriptor from './onnx.json';

const root = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace);
const ModelProto = root.lookupType('onnx.ModelProto');

export const TENSOR_FLOAT = 1;
export const TENSOR_INT64 = 7;
export const TENSOR_DOUBLE = 11;

export const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export interface OnnxTensor {
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  doubleData?: number[];
  int64Data?: number[];
  rawData?: Uint8Array;
  name?: string;
}

export interface OnnxAttribute {
  name: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: OnnxTensor;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

export interface OnnxNode {
  input?: string[];
  output?: string[];
  name?: string;
  opType?: string;
  domain?: string;
  attribute?: OnnxAttribute[];
}

export interface OnnxDim {
  dimValue?: number;
  dimParam?: string;
}

export interface OnnxType {
  tensorType?: { elemType?: number; shape?: { dim?: OnnxDim[] } };
  sequenceType?: { elemType?: OnnxType };
  mapType?: { keyType?: number; valueType?: OnnxType };
}

export interface OnnxValueInfo {
  name?: string;
  type?: OnnxType;
}

export interface OnnxGraph {
  node?: OnnxNode[];
  name?: string;
  initializer?: OnnxTensor[];
  input?: OnnxValueInfo[];
  output?: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion?: number;
  opsetImport?: { domain?: string; version?: number }[];
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph?: OnnxGraph;
  metadataProps?: { key?: string; value?: string }[];
}

export class OnnxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxFormatError';
  }
}

export function decodeModel(bytes: Uint8Array): OnnxModel {
  let message: protobuf.Message;
  try {
    message = ModelProto.decode(bytes);
  } catch (e) {
    throw new OnnxFormatError(`not a valid ONNX model: ${(e as Error).message}`);
  }
  const model = ModelProto.toObject(message, {
    longs: Number,
    enums: Number,
    bytes: Uint8Array,
    defaults: false,
  });
  if (!model.graph) throw new OnnxFormatError('not a valid ONNX model: it has no graph');
  return model as OnnxModel;
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const message = ModelProto.fromObject(model as Record<string, unknown>);
  return ModelProto.encode(message).finish();
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export const attr = {
  int: (name: string, i: number): OnnxAttribute => ({ name, type: ATTR.INT, i }),
  ints: (name: string, ints: number[]): OnnxAttribute => ({ name, type: ATTR.INTS, ints }),
  floats: (name: string, floats: number[]): OnnxAttribute => ({ name, type: ATTR.FLOATS, floats }),
  doubles: (name: string, values: number[]): OnnxAttribute => ({
    name,
    type: ATTR.TENSOR,
    t: { name, dataType: TENSOR_DOUBLE, dims: [values.length], doubleData: values },
  }),
  string: (name: string, s: string): OnnxAttribute => ({ name, type: ATTR.STRING, s: utf8.encode(s) }),
  strings: (name: string, strings: string[]): OnnxAttribute => ({
    name,
    type: ATTR.STRINGS,
    strings: strings.map((x) => utf8.encode(x)),
  }),
};

export function bytesToString(b: Uint8Array | undefined): string {
  return b ? utf8Decoder.decode(b) : '';
}

/** Numeric contents of a tensor attribute (float/double/int64 fields or raw little-endian data). */
export function tensorValues(t: OnnxTensor): number[] {
  if (t.floatData?.length) return t.floatData;
  if (t.doubleData?.length) return t.doubleData;
  if (t.int64Data?.length) return t.int64Data;
  const raw = t.rawData;
  if (!raw?.length) return [];
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  if (t.dataType === TENSOR_DOUBLE)
    for (let o = 0; o < raw.length; o += 8) out.push(view.getFloat64(o, true));
  else if (t.dataType === TENSOR_FLOAT)
    for (let o = 0; o < raw.length; o += 4) out.push(view.getFloat32(o, true));
  else if (t.dataType === TENSOR_INT64)
    for (let o = 0; o < raw.length; o += 8) out.push(Number(view.getBigInt64(o, true)));
  else throw new OnnxFormatError(`tensor ${t.name ?? ''} has unsupported data type ${t.dataType}`);
  return out;
}

export function tensorTypeOf(elemType: number, dims: (number | string)[]): OnnxType {
  return {
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  };
}

const ELEM_NAMES: Record<number, string> = {
  1: 'float',
  2: 'uint8',
  3: 'int8',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
};

/** Human-readable ONNX type, in onnxruntime's notation (e.g. "tensor(float)", "seq(map(int64,tensor(float)))"). */
export function describeType(t: OnnxType | undefined): string {
  if (!t) return 'unknown';
  if (t.tensorType)
    return `tensor(${ELEM_NAMES[t.tensorType.elemType ?? 0] ?? `type${t.tensorType.elemType}`})`;
  if (t.sequenceType) return `seq(${describeType(t.sequenceType.elemType)})`;
  if (t.mapType) {
    return `map(${ELEM_NAMES[t.mapType.keyType ?? 0] ?? `type${t.mapType.keyType}`},${describeType(t.mapType.valueType)})`;
  }
  return 'unknown';
}
