// Verifies a credential (stdin) with Digital Bazaar's @digitalbazaar/vc, eddsa-rdfc-2022 and the bitstring status list, offline.
// Usage: node verify.mjs URL=FILE ... < credential.json  (each URL served as that file's JSON)
// Prints {verified, ok, statuses: [{purpose, index, set}], errors}; exits 0 only when verified with no status bit set.
import fs from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {makeLoader} from './loader.mjs';

const docs = new Map(process.argv.slice(2).map(arg => {
  const i = arg.indexOf('=');
  return [arg.slice(0, i), JSON.parse(fs.readFileSync(arg.slice(i + 1), 'utf8'))];
}));
const credential = JSON.parse(fs.readFileSync(0, 'utf8'));
const result = await vc.verifyCredential({
  credential,
  suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
  documentLoader: makeLoader(docs),
  checkStatus: credential.credentialStatus ? checkStatus : undefined,
});
const statuses = (result.statusResult?.results || []).map(r => ({
  purpose: r.credentialStatus.statusPurpose, index: r.credentialStatus.statusListIndex,
  set: r.status}));
const ok = result.verified && statuses.every(s => !s.set);
const errors = result.error ? (result.error.errors || [result.error]).map(e => e.message) : [];
console.log(JSON.stringify({verified: result.verified, ok, statuses, errors}, null, 2));
process.exit(ok ? 0 : 1);
