import { main } from '../../runner/run-action.js';
import { run } from './main.js';

void main(run);
