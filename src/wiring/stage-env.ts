import type { StagePersona } from './stage-persona.js';

/**
 * The variables every command of a stage gets: the persona's id, name, risk
 * tolerance, state revision and the switch's correlation id. Values reach a
 * command only this way (never in its text), so no persona value is ever
 * read by a shell as code.
 */
export function personaEnv(found: StagePersona): Record<string, string> {
  return {
    PERSONA_ID: found.persona.id,
    PERSONA_NAME: found.persona.name,
    PERSONA_RISK_TOLERANCE: found.persona.risk_tolerance,
    PERSONA_REVISION: found.revision === null ? '' : String(found.revision),
    PERSONA_CORRELATION_ID: found.correlationId ?? '',
  };
}
