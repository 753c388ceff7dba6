/**
 * The Genesys emulator as a process of its own, with the contact centre the suite needs (short calls, so
 * twenty agents keep working). Options come as JSON in CHAOS_EMULATOR_OPTIONS; it prints one line once
 * listening and closes on SIGTERM.
 */
import { type EmulatorOptions, startEmulator } from "@routing/genesys-emulator";

const options = JSON.parse(process.env.CHAOS_EMULATOR_OPTIONS ?? "{}") as EmulatorOptions;
const emulator = await startEmulator(options);
console.log(JSON.stringify({ msg: "emulator listening", port: emulator.port }));
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
