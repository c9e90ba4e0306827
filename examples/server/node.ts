/**
 * Amazon Pay on a plain node:http server (your server file, beside amazon-pay-config.ts).
 */
import { createServer } from 'node:http';
import { createAmazonPayHandler, toNodeListener } from 'react-amazon-pay-recovery/server';
import { amazonPayConfig } from './amazon-pay-config';

// Built at start-up, so a missing key stops the server now rather than at the first payment.
const amazonPay = toNodeListener(createAmazonPayHandler({ ...amazonPayConfig(), basePath: '/api/amazon-pay' }));

export const server = createServer((req, res) => {
  if (req.url?.startsWith('/api/amazon-pay/')) return amazonPay(req, res);
  // ... the rest of your shop.
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 3000));
