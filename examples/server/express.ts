/**
 * Amazon Pay in an Express app (your server file, beside amazon-pay-config.ts).
 * Mount the handler BEFORE `express.json()`, which would consume the body.
 */
import express from 'express';
import { createAmazonPayHandler, toNodeListener } from 'react-amazon-pay-recovery/server';
import { amazonPayConfig } from './amazon-pay-config';

// Built at start-up, so a missing key stops the server now rather than at the first payment.
const amazonPay = createAmazonPayHandler(amazonPayConfig());

const app = express();
// Express strips the mount path, so the handler's basePath stays '' (the default).
app.use('/api/amazon-pay', toNodeListener(amazonPay));
app.use(express.json());
// ... the rest of your shop's routes.

export const server = app.listen(Number(process.env.PORT ?? 3000));
