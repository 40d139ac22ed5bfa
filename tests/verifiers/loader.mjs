// An offline JSON-LD document loader for the node verifier: the project's vendored contexts, given documents, any did:key.
import fs from 'node:fs';
import path from 'node:path';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const CTX_DIR = process.env.CONTEXTS_DIR ||
  new URL('../../lms/credentials/contexts/', import.meta.url).pathname;
const index = JSON.parse(fs.readFileSync(path.join(CTX_DIR, 'index.json'), 'utf8'));
const contexts = new Map(Object.entries(index).map(
  ([url, file]) => [url, JSON.parse(fs.readFileSync(path.join(CTX_DIR, file), 'utf8'))]));
const MULTIKEY = 'https://w3id.org/security/multikey/v1';

// docs: url -> JSON (the DID document, the status list credentials), as the site serves them.
export function makeLoader(docs = new Map()) {
  return async function documentLoader(url) {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    }
    const [base, frag] = url.split('#');
    if(base.startsWith('did:key:')) {
      const mb = base.slice(8);
      const vm = {'@context': MULTIKEY, id: `${base}#${mb}`, type: 'Multikey', controller: base,
        publicKeyMultibase: mb};
      await Ed25519Multikey.from(vm);
      const doc = {'@context': ['https://www.w3.org/ns/did/v1', MULTIKEY], id: base,
        verificationMethod: [vm], assertionMethod: [vm.id], authentication: [vm.id]};
      return {contextUrl: null, documentUrl: url, document: frag ? vm : doc};
    }
    if(docs.has(base)) {
      const doc = docs.get(base);
      if(!frag) {
        return {contextUrl: null, documentUrl: url, document: doc};
      }
      const vm = (doc.verificationMethod || []).find(v => v.id === url || v.id === '#' + frag);
      if(!vm) {
        throw new Error(`verification method not found: ${url}`);
      }
      return {contextUrl: null, documentUrl: url, document: {'@context': MULTIKEY, ...vm}};
    }
    throw new Error(`documentLoader refused (offline): ${url}`);
  };
}
