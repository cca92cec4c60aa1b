// network extensions: link characteristics used for placement.
import type { Extension } from './types.js';

export const NETWORK_EXTENSION: Extension = {
  fields: [
    { cls: 'network', name: 'bandwidth', type: 'int', qualifier: 'RO/runtime', default: '0',
      description: 'Bandwidth of the network, in Mbit/s.' },
    { cls: 'network', name: 'latency', type: 'int', qualifier: 'RO/runtime', default: '0',
      description: 'Latency of the network, in ms.' },
  ],
  messages: [],
  appendParams: [],
};
