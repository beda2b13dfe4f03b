// Default provider: writes the message to the application log and reports it delivered, so the product works
// out of the box with no external account. `quiet` logs at trace level (the demo seed sends tens of thousands).
import { log } from '@/lib/log';
import type { OutboundMessage, Provider, SendResult } from './types';

export function createLogProvider(opts: { quiet?: boolean } = {}): Provider {
  return {
    name: 'log',
    async send(message: OutboundMessage): Promise<SendResult> {
      const line = { channel: message.channel, key: message.idempotencyKey, chars: message.body.length };
      if (opts.quiet) log.trace(line, 'offer message (log provider)');
      else log.info(line, 'offer message (log provider)');
      return { providerMessageId: `log-${message.idempotencyKey}`, delivered: true };
    },
  };
}

export const logProvider: Provider = createLogProvider();
