// `npm run build:if-needed`: the production build, skipped when nothing that goes into it changed since the last
// one (the fingerprint `npm start` and the end-to-end tests check), so the steps after it reuse one build.
import { buildIfNeeded } from './build-util';

buildIfNeeded();
