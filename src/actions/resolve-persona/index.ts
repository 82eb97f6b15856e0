import { startAction } from '../../runner/run-action.js';
import { resolvePersona } from './main.js';

void startAction(resolvePersona);
