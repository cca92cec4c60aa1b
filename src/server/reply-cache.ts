// Encoded get_record replies, kept per stored record object. A stored record is never mutated (an update stores a new
// object, see store/table-store.ts), so the bytes encoded for one record object stay right for as long as anyone can
// hand that object out; after a write the store hands out the new object, which misses. Encoding a 96-field VM is
// most of the cost of serving VM.get_record, and clients poll the same few records.
import type { XenStruct, XenValue } from '../model/types.js';
import { encodeXmlRpcResponseBytes } from '../wire/xmlrpc-encode.js';

/** Bytes of encoded replies kept at most (the oldest go first): ~1,000 full VM records. */
const DEFAULT_BUDGET = 8 * 1024 * 1024;

export interface ReplyCache {
  /**
   * A stored record as get_record answers it, `project`ed once per record object and remembered: a record whose
   * keys are not exactly its class's fields in order (private fields added by a write, a record loaded from
   * state.db) would otherwise be a new object, so a miss, on every call.
   */
  wireOf(stored: XenStruct, project: (stored: XenStruct) => XenStruct): XenStruct;
  /** The whole XML-RPC success reply carrying `value` when it is a remembered record, encoded at most once. */
  xmlRpcSuccess(value: XenValue): Buffer | undefined;
}

/** `memo`: the server's encoder memo (xmlRpcMemo), shared with its other replies. */
export function createReplyCache(budget = DEFAULT_BUDGET, memo?: Map<string, string>): ReplyCache {
  const remembered = new WeakSet<XenStruct>();
  // Lives as long as the stored record: one projection (sharing the record's values) per record read this way.
  const projections = new WeakMap<XenStruct, XenStruct>();
  // Insertion order is age; a replaced record's entry (unreachable through the store) simply ages out.
  const xml = new Map<XenStruct, Buffer>();
  let bytes = 0;
  return {
    wireOf(stored, project) {
      let wire = projections.get(stored);
      if (wire !== undefined) return wire;
      wire = project(stored);
      if (wire !== stored) projections.set(stored, wire);
      remembered.add(wire);
      return wire;
    },
    xmlRpcSuccess(value) {
      if (budget === 0 || typeof value !== 'object' || !remembered.has(value as XenStruct)) return undefined;
      const record = value as XenStruct;
      let reply = xml.get(record);
      if (reply !== undefined) return reply;
      reply = encodeXmlRpcResponseBytes({ ok: true, value: record }, memo);
      if (reply.length > budget) return reply;
      for (const [old, b] of xml) {
        if (bytes + reply.length <= budget) break;
        xml.delete(old);
        bytes -= b.length;
      }
      xml.set(record, reply);
      bytes += reply.length;
      return reply;
    },
  };
}
