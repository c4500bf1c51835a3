/**
 * Why a few objects are kept for the life of the process.
 *
 * V8 gives the instances of a class their final hidden class (map) through transitions it holds
 * weakly. Once every instance a check made is collected, a full GC frees those maps, and with them
 * the optimised code of every function compiled against them: the next check after an idle
 * pause starts part cold. On the bench workbook (115k rows) a check after a forced full GC took
 * about 65 ms against 38 ms with one instance of each class kept here. Each module that makes such
 * objects during a check keeps one small instance with `keepShape`.
 */
const kept: object[] = [];

export function keepShape<T extends object>(o: T): T {
  kept.push(o);
  return o;
}
