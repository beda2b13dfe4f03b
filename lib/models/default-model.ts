// The default model a fresh install serves: models/proativa-default.onnx (+ its LightGBM text and card), registered
// and promoted to champion when the registry is empty, so the product scores from the first start.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import type { ModelCard } from '@/lib/models/card';
import { promoteToChampion, registerModel, RegistryError } from '@/lib/models/registry';

export const DEFAULT_MODEL_DIR = 'models';
export const DEFAULT_MODEL_ONNX = 'proativa-default.onnx';
export const DEFAULT_MODEL_TEXT = 'proativa-default.txt';
export const DEFAULT_MODEL_CARD = 'model-card.json';

export type DefaultModelResult =
  { registered: true; id: string; name: string; version: number } | { registered: false; reason: string };

/**
 * Registers models/ as the champion when no model version exists yet; otherwise does nothing. Never throws for
 * an expected situation (registry not empty, files absent, a concurrent start registering it first).
 */
export async function registerDefaultModel(
  actor: Actor | null,
  dir = path.resolve(process.cwd(), DEFAULT_MODEL_DIR),
): Promise<DefaultModelResult> {
  if ((await db.modelVersion.count()) > 0)
    return { registered: false, reason: 'the registry already has models' };
  const onnxPath = path.join(dir, DEFAULT_MODEL_ONNX);
  if (!fs.existsSync(onnxPath)) {
    return { registered: false, reason: `${onnxPath} is missing (run npm run model:default)` };
  }
  const bytes = new Uint8Array(fs.readFileSync(onnxPath));
  const textPath = path.join(dir, DEFAULT_MODEL_TEXT);
  const cardPath = path.join(dir, DEFAULT_MODEL_CARD);
  const lightgbmText = fs.existsSync(textPath) ? fs.readFileSync(textPath, 'utf8') : undefined;
  let card: Partial<ModelCard> | undefined;
  if (fs.existsSync(cardPath)) {
    try {
      card = JSON.parse(fs.readFileSync(cardPath, 'utf8')) as Partial<ModelCard>;
    } catch (e) {
      return { registered: false, reason: `${cardPath} is not valid JSON: ${(e as Error).message}` };
    }
  }
  try {
    const m = await registerModel({ bytes, fileName: DEFAULT_MODEL_ONNX, card, lightgbmText, actor });
    await promoteToChampion(m.id, actor);
    return { registered: true, id: m.id, name: m.name, version: m.version };
  } catch (e) {
    if (e instanceof RegistryError && e.code === 'duplicate') {
      return { registered: false, reason: 'the default model was registered concurrently' };
    }
    throw e;
  }
}
