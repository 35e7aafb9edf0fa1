/**
 * Java runtimes: the `release` file at the JDK/JRE home (`JAVA_VERSION="17.0.9"`, `IMPLEMENTOR="Eclipse
 * Adoptium"`): /opt/java/openjdk/release (eclipse-temurin), /usr/local/openjdk-17/release (openjdk),
 * /usr/lib/jvm/<name>/release. Java 8 keeps its `1.8.0_392` form.
 */
import type { Package } from "../../model/package.js";
import { shellValue, smallText } from "./scan.js";
import { runtimePackage, type RuntimeDetector } from "./types.js";

const JAVA_VERSION = /^\d{1,3}(?:\.\d{1,3}){0,3}(?:_\d{1,4})?$/;

export function parseJavaRelease(content: Buffer): { version: string; implementor?: string } | undefined {
  const text = smallText(content, 64 * 1024);
  if (text === undefined) return undefined;
  const version = shellValue(text, "JAVA_VERSION");
  // A JDK `release` file also names its runtime or modules: a stray `release` file with only a version is not one.
  const isJdk = /^(JAVA_RUNTIME_VERSION|MODULES|IMPLEMENTOR|JVM_VARIANT|OS_ARCH)=/m.test(text);
  if (!version || !JAVA_VERSION.test(version) || !isJdk) return undefined;
  const implementor = shellValue(text, "IMPLEMENTOR");
  return implementor ? { version, implementor } : { version };
}

export const openjdkDetector: RuntimeDetector = {
  name: "openjdk",
  wants: (path) => /\/release$/.test(path) && /(^|\/)[^/]*(java|jdk|jre|jvm)[^/]*\//i.test(path),
  detect(content: Buffer, path: string): Package[] {
    const r = parseJavaRelease(content);
    if (!r) return [];
    return [runtimePackage("openjdk", r.version, path, r.implementor ? { vendor: r.implementor } : {})];
  },
};
