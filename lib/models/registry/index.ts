// The model registry: registers uploaded or trained models (import.ts), moves versions through CANDIDATE →
// CHALLENGER → CHAMPION → RETIRED with exactly one champion at a time (lifecycle.ts), serves their files
// (artifacts.ts) and compares two versions (compare.ts). Import from '@/lib/models/registry'.
export { RegistryError, REGISTRY_ERROR_STATUS, type RegistryErrorCode } from './errors';
export { MODEL_SUMMARY, getModel, listModels, parseModelCard, parseParity, type ModelSummary } from './read';
export { importanceByGain, registerModel, type RegisterModelInput } from './import';
export { promoteToChampion, retire, rollback, setChallenger } from './lifecycle';
export { modelArtifact, type DownloadKind } from './artifacts';
export { compareModels, type ModelComparison } from './compare';
export type { StoredParity } from '@/lib/validations/model-card';
