/**
 * Swagger 2.0 -> OpenAPI 3.0 upgrade, so that the IR builder sees one shape only.
 */
import type { DiagnosticSink } from './diagnostics.js';

export function upgradeSwagger2(document: Record<string, unknown>, sink: DiagnosticSink): unknown {
  sink.error('unsupported-version', 'Swagger 2.0 documents are not supported yet', '/swagger');
  return document;
}
