import { Global, Module } from '@nestjs/common';

/** The host's configuration, read from its environment once. */
export class HostConfig {
  readonly port = Number(process.env.PORT ?? 3000);
  readonly databaseUrl = required('DATABASE_URL');
  readonly signingApiKey = required('SIGNING_API_KEY');
  readonly arqsign = {
    baseUrl: required('ARQSIGN_BASE_URL'),
    appKey: required('ARQSIGN_APP_KEY'),
    subscriptionKey: required('ARQSIGN_SUBSCRIPTION_KEY'),
    responsibleId: process.env.ARQSIGN_RESPONSIBLE_ID,
    folderId: process.env.ARQSIGN_FOLDER_ID,
  };
  readonly sandbox = process.env.ARQSIGN_SANDBOX === 'true';
  readonly webhookSecrets = (process.env.WEBHOOK_SECRETS ?? '').split(',').filter(Boolean);
  readonly publicBaseUrl = required('PUBLIC_BASE_URL');
  readonly downloadAllowedHosts = (process.env.DOWNLOAD_ALLOWED_HOSTS ?? '.arqsign.com').split(',').filter(Boolean);
  readonly filesDirectory = required('FILES_DIR');
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

@Global()
@Module({ providers: [HostConfig], exports: [HostConfig] })
export class HostConfigModule {}
