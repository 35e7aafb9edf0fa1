/** The dredge command line. The only place that prints and decides exit codes. */
import { Command } from "commander";

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command("dredge");
  program.description("Container image vulnerability scanner");
  await program.parseAsync(argv as string[]);
  return 0;
}
