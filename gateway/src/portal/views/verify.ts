/** The station signature of a public record and how to check it with OpenSSL, as the pages show it. */
import type { ManifestSignature } from '@liuhen/evidence';
import { absolute, paths, type PortalSite } from '../site.js';
import { markup, type Html } from './html.js';

export interface SignedFiles {
  signature: ManifestSignature;
  /** Where the exact signed bytes and the signature file are served. */
  jsonPath: string;
  signaturePath: string;
  /** Local names in the commands (e.g. page.json, page.sig.json). */
  jsonName: string;
  signatureName: string;
  /** What the record is, in the sentence above the details. */
  what: string;
}

/** The commands that check a record's signature with OpenSSL. */
export function opensslCommands(site: PortalSite, f: Omit<SignedFiles, 'signature' | 'what'>): Html {
  return markup`<pre><code>curl -o ${f.jsonName} ${absolute(site, f.jsonPath)}
curl -o ${f.signatureName} ${absolute(site, f.signaturePath)}
curl -o station-key.pem ${absolute(site, paths.stationKey)}
jq -r .signature ${f.signatureName} | base64 -d &gt; sig.bin
openssl pkeyutl -verify -pubin -inkey station-key.pem -rawin -in ${f.jsonName} -sigfile sig.bin</code></pre>`;
}

/** The signature's details, the downloads and the OpenSSL check (a section under an h2 `heading`). */
export function signatureSection(site: PortalSite, f: SignedFiles, heading = '电子签名与验证'): Html {
  return markup`<h2>${heading}</h2>
<p>${f.what}（下方“签名原文”的每一个字节）由本站密钥以 Ed25519 签名。任何人可用本站公钥自行验证，内容一经改动即无法通过验证。</p>
<dl class="facts">
<dt>签名算法</dt><dd>${f.signature.algorithm}</dd>
<dt>公钥指纹</dt><dd><code class="sig">${f.signature.keyId}</code></dd>
<dt>原文 SHA-256</dt><dd><code class="sig">${f.signature.sha256}</code></dd>
<dt>签名值</dt><dd><code class="sig">${f.signature.signature}</code></dd>
</dl>
<ul>
<li><a href="${f.jsonPath}">签名原文（JSON）</a></li>
<li><a href="${f.signaturePath}">签名文件（JSON）</a></li>
<li><a href="${paths.stationKey}">本站签名公钥（PEM）</a></li>
</ul>
<p>用 OpenSSL 验证（显示 “Signature Verified Successfully” 即内容未被改动）：</p>
${opensslCommands(site, f)}`;
}
