// A stock tuf-js Updater against the device endpoint. Only the transport is ours: tuf-js's default fetcher
// (make-fetch-happen) takes no client certificate, so this fetcher is Node's https with the device's certificate and key
// and the server's CA, and it reports HTTP errors the way tuf-js expects (DownloadHTTPError with the status). All the
// verification (signatures, thresholds, versions, expiry, delegations, hashes) is tuf-js's own.
//
// usage: node verify.js CONFIG.json   (metadataBaseUrl, targetBaseUrl, metadataDir, targetDir, targetPath, certFile,
//                                      keyFile, caFile, tamper: a metadata file-name suffix whose bytes to alter)
'use strict';
const fs = require('fs');
const https = require('https');
const crypto = require('crypto');
const { PassThrough } = require('stream');
const { Updater, BaseFetcher } = require('tuf-js');
const { DownloadHTTPError } = require('tuf-js/dist/error');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const tls = {
  cert: fs.readFileSync(config.certFile),
  key: fs.readFileSync(config.keyFile),
  ca: fs.readFileSync(config.caFile),
};

class ClientCertificateFetcher extends BaseFetcher {
  fetch(url) {
    return new Promise((resolve, reject) => {
      https.get(url, tls, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new DownloadHTTPError('Failed to download ' + url, response.statusCode));
          return;
        }
        if (config.tamper && url.endsWith(config.tamper)) {
          const chunks = [];
          response.on('data', (c) => chunks.push(c));
          response.on('end', () => {
            const altered = Buffer.concat(chunks).toString('utf8').replace(/"length":(\d+)/, (m, n) => '"length":' + (Number(n) + 1));
            const out = new PassThrough();
            out.end(Buffer.from(altered, 'utf8'));
            resolve(out);
          });
          return;
        }
        resolve(response);
      }).on('error', reject);
    });
  }
}

(async () => {
  const updater = new Updater({
    metadataBaseUrl: config.metadataBaseUrl,
    targetBaseUrl: config.targetBaseUrl,
    metadataDir: config.metadataDir,
    targetDir: config.targetDir,
    fetcher: new ClientCertificateFetcher(),
  });
  await updater.refresh();
  const info = await updater.getTargetInfo(config.targetPath);
  if (!info) {
    throw new Error('no trusted target ' + config.targetPath);
  }
  const file = await updater.downloadTarget(info);
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  process.stdout.write(JSON.stringify({ result: 'verified', sha256, length: info.length, custom: info.custom }) + '\n');
})().catch((error) => {
  process.stdout.write(JSON.stringify({ result: 'refused', error: String(error && error.message || error), type: error && error.constructor && error.constructor.name }) + '\n');
  process.exit(2);
});
