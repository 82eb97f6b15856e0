/**
 * The runner suggested for later jobs (`runs-on: ${{ fromJSON(...) }}`),
 * chosen from the sizes this organisation maps to its own runner labels.
 * Without a map there is no suggestion: a label the organisation does not
 * have leaves a job queued for a day. Pure.
 */

/** Runner size → the labels of runners of that size (`{ "large": ["self-hosted", "linux", "x64-16core"] }`). */
export type RunnerMap = Record<string, string | string[]>;

/** A suggested runner: the size taken from the map and its labels. */
export interface RunnerLabels {
  size: string;
  labels: string[];
}

/** The known sizes, smallest first; `2xlarge`, `4xlarge`, … follow `xlarge` by their factor. */
const KNOWN_SIZES = ['small', 'medium', 'large', 'xlarge'];
const MULTI_XLARGE = /^([1-9][0-9]{0,2})xlarge$/;

/** A size's rank among the known sizes (`xlarge` = 3, `2xlarge` = 5, `4xlarge` = 7), or undefined for another name. */
function sizeRank(size: string): number | undefined {
  const known = KNOWN_SIZES.indexOf(size);
  if (known >= 0) return known;
  const factor = MULTI_XLARGE.exec(size);
  return factor ? 3 + Number(factor[1]) : undefined;
}

/** The map's sizes smallest first: known sizes by rank, then the other keys in map order. */
export function orderedSizes(map: RunnerMap): string[] {
  const keys = Object.keys(map);
  const known = keys.filter((k) => sizeRank(k) !== undefined).sort((a, b) => (sizeRank(a) as number) - (sizeRank(b) as number));
  return [...known, ...keys.filter((k) => sizeRank(k) === undefined)];
}

/** A map entry's labels as a list. */
function labelsOf(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}

/**
 * The runner for a profile's `runner_size`: no map (or an empty one) → no
 * suggestion; the size's own key when the map has it; else the next larger
 * size the map has (order: small, medium, large, xlarge, 2xlarge, …, then
 * the map's other keys in map order); else (the size is larger than every
 * mapped one, or a name the order does not know) the largest the map has.
 * No size (a profile without a string `runner_size`) → no suggestion.
 */
export function chooseRunner(size: string | undefined, map?: RunnerMap): RunnerLabels | undefined {
  if (!map || size === undefined) return undefined;
  const order = orderedSizes(map);
  if (order.length === 0) return undefined;
  const pick = (key: string): RunnerLabels => ({ size: key, labels: labelsOf(map[key] as string | string[]) });
  if (Object.hasOwn(map, size)) return pick(size);
  const rank = sizeRank(size);
  if (rank !== undefined) {
    const larger = order.find((key) => (sizeRank(key) ?? Number.POSITIVE_INFINITY) > rank);
    if (larger !== undefined) return pick(larger);
  }
  return pick(order[order.length - 1] as string);
}
