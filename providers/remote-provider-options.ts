/** What every remote (SDK-backed) provider module needs to build a `ModelProvider`. */
export interface RemoteProviderOptions {
  /** the API base URL (the SDK appends its endpoint path, e.g. `/chat/completions`, `/messages`) */
  apiBase: string;
  /** undefined = send no credential header (`api_key_location = "none"`) */
  apiKey?: string;
  /** the model name sent on the wire */
  modelName: string;
  /** the provider's name in the model's routing, for errors */
  providerName: string;
}

/** Header overrides that drop the SDK's credential header when there is no key (the SDKs would otherwise read their own env vars). */
export function withoutCredentialHeader(apiKey: string | undefined, header: string): Record<string, string> | undefined {
  return apiKey ? undefined : ({ [header]: undefined } as unknown as Record<string, string>);
}
