/**
 * Cloud provider credentials, written from the providers' documented formats:
 * AWS access key ids (prefix + 16 base32 characters) and 40-character secret keys, GCP service-account JSON
 * (`private_key_id`), Azure storage and Service Bus/Event Hubs connection strings.
 */
import type { SecretRule } from "./types.js";

export const cloudRules: SecretRule[] = [
  {
    id: "aws-access-key-id",
    category: "AWS",
    title: "AWS access key ID",
    severity: "CRITICAL",
    regex: /(?<![A-Z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Z0-9])/,
    keywords: ["akia", "asia", "abia", "acca", "a3t"],
  },
  {
    id: "aws-secret-access-key",
    category: "AWS",
    title: "AWS secret access key",
    severity: "CRITICAL",
    regex:
      /(?:aws[_-]?)?secret[_-]?access[_-]?key["']?\s*(?:=|:|=>)\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    keywords: ["secret_access_key", "secretaccesskey", "secret-access-key", "secret_accesskey"],
    entropy: 3.5,
  },
  {
    id: "gcp-service-account",
    category: "GCP",
    title: "GCP service account key",
    severity: "CRITICAL",
    regex: /"private_key_id"\s*:\s*"(?<secret>[a-f0-9]{40})"/,
    keywords: ["private_key_id"],
  },
  {
    id: "azure-storage-connection-string",
    category: "Azure",
    title: "Azure storage account connection string",
    severity: "CRITICAL",
    regex: /AccountName=[^;\s"']+;\s*AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/i,
    keywords: ["accountkey="],
  },
  {
    id: "azure-sas-connection-string",
    category: "Azure",
    title: "Azure Service Bus / Event Hubs connection string",
    severity: "HIGH",
    regex: /Endpoint=sb:\/\/[^;\s"']+;\s*SharedAccessKeyName=[^;\s"']+;\s*SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/i,
    keywords: ["sharedaccesskey="],
  },
];
