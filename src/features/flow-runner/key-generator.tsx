import { useState } from 'react';
import { updateSecrets } from '@/state/runs';
import { requireResponse, sendRequest } from '@/transport/send';
import { generateSelfSignedCredential, type GeneratedCredential } from './certificate';

interface KeyGeneratorProps {
  clientId: string;
  /** Offered only for the local IdP, which takes a public JWK at this origin (its companion, or a room). */
  keyOrigin?: string | undefined;
}

/**
 * Generates a key pair and a self-signed certificate in this browser: the private key goes to the
 * in-memory secret store, the certificate can be downloaded for an app registration, and the
 * public key registered with the local IdP.
 */
export function KeyGenerator({ clientId, keyOrigin }: KeyGeneratorProps) {
  const [credential, setCredential] = useState<GeneratedCredential>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  const downloadUrl = credential
    ? `data:application/x-pem-file;charset=utf-8,${encodeURIComponent(credential.certificatePem)}`
    : undefined;

  const generate = async () => {
    setBusy(true);
    setStatus('Generating an RSA 2048 key pair and a self-signed certificate…');
    try {
      const created = await generateSelfSignedCredential(clientId || 'token-playground');
      updateSecrets({
        privateKey: created.privateKeyPem,
        certificate: created.certificatePem,
        keyId: created.kid,
      });
      setCredential(created);
      setStatus(
        'Generated. The private key is in this tab’s memory only; download the certificate to upload it to your app registration.',
      );
    } catch (error) {
      setStatus(`Could not generate a key: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const register = async () => {
    if (!credential || !keyOrigin) return;
    setBusy(true);
    try {
      const exchange = await sendRequest(
        {
          method: 'POST',
          url: `${keyOrigin}/demo/assertion-keys`,
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(credential.publicJwk),
        },
        { label: 'Register the public key with the local IdP (demo)' },
      );
      const response = requireResponse(exchange);
      setStatus(
        response.status === 201
          ? `Registered: the local IdP now accepts assertions signed with kid ${credential.kid} (until its storage is cleared, e.g. when it restarts).`
          : `${keyOrigin} refused the key (HTTP ${response.status}): ${response.body.slice(0, 200)}`,
      );
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={() => void generate()}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50 dark:border-slate-600"
        >
          Generate a key pair and certificate
        </button>
        {credential && downloadUrl && (
          <a
            href={downloadUrl}
            download={`${clientId || 'token-playground'}-certificate.pem`}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm underline dark:border-slate-600"
          >
            Download the certificate (.pem)
          </a>
        )}
        {credential && keyOrigin && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void register()}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50 dark:border-slate-600"
          >
            Register the public key with the local IdP
          </button>
        )}
      </div>
      {credential && (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-xs">
          <dt>Thumbprint (SHA-1, as the Azure portal shows it)</dt>
          <dd className="font-mono break-all">{credential.thumbprints.sha1Hex}</dd>
          <dt>x5t#S256 (and kid)</dt>
          <dd className="font-mono break-all">{credential.thumbprints.x5tS256}</dd>
          <dt>Valid until</dt>
          <dd>{credential.notAfter.toISOString()}</dd>
        </dl>
      )}
      {status && (
        <p role="status" className="text-sm">
          {status}
        </p>
      )}
    </div>
  );
}
