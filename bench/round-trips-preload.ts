import { countRoundTrips, ROUND_TRIPS_LINE } from './round-trips.js';

/**
 * Loaded into an app instance (`node --import tsx --import bench/round-trips-preload.ts`) by
 * `BENCH_COUNT=1 npm run bench:instances`: counts its round trips (bench/round-trips.ts) and prints
 * them on one line when sent SIGUSR2, so the bench can take the difference over its measured load.
 */
const counter = countRoundTrips();
process.on('SIGUSR2', () => {
  process.stdout.write(`${ROUND_TRIPS_LINE} ${JSON.stringify(counter.read())}\n`);
});
