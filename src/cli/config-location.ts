/** Where dredge.yaml is: light (no YAML parser), so the bundle's entry can ask before loading a command. */
import { existsSync } from "node:fs";

/** --config, else $DREDGE_CONFIG, else the first of ./dredge.yaml, ./dredge.yml, ./.dredge.yaml that exists. */
export function findConfigFile(explicit: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (explicit) return explicit;
  if (env.DREDGE_CONFIG) return env.DREDGE_CONFIG;
  for (const name of ["dredge.yaml", "dredge.yml", ".dredge.yaml"]) if (existsSync(name)) return name;
  return undefined;
}
