/** Folders of src/, lowest layer first (see layers.mjs). */
export const LAYERS: string[][];
/** The pure domain folders. */
export const DOMAIN: string[];
/** Modules refused in the domain. */
export const IO_MODULES: string[];
/** eslint flat-config entries enforcing the layer order. */
export function layerRules(): unknown[];
