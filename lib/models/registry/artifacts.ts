// Downloads of a version's stored files: the uploaded source, the ONNX that is served, the LightGBM text.
import 'server-only';
import { db } from '@/lib/db';
import { isModelId } from './read';

export type DownloadKind = 'source' | 'onnx' | 'lightgbm';

/** The bytes of one artifact of a version, with the file name to download it as; null when absent. */
export async function modelArtifact(
  id: string,
  kind: DownloadKind,
): Promise<{ body: Uint8Array; fileName: string; contentType: string } | null> {
  if (!isModelId(id)) return null;
  const row = await db.modelVersion.findUnique({
    where: { id },
    select: {
      name: true,
      version: true,
      sourceFileName: true,
      sourceFormat: true,
      sourceBytes: kind === 'source',
      onnx: kind === 'onnx',
      lightgbmText: kind === 'lightgbm',
    },
  });
  if (!row) return null;
  const stem = `${row.name}-v${row.version}`;
  if (kind === 'source') {
    const ext = row.sourceFormat === 'onnx' ? 'onnx' : 'txt';
    return {
      body: row.sourceBytes!,
      fileName: row.sourceFileName ?? `${stem}.${ext}`,
      contentType: row.sourceFormat === 'onnx' ? 'application/octet-stream' : 'text/plain; charset=utf-8',
    };
  }
  if (kind === 'onnx') {
    return { body: row.onnx!, fileName: `${stem}.serving.onnx`, contentType: 'application/octet-stream' };
  }
  if (!row.lightgbmText) return null;
  return {
    body: new TextEncoder().encode(row.lightgbmText),
    fileName: `${stem}.lightgbm.txt`,
    contentType: 'text/plain; charset=utf-8',
  };
}
