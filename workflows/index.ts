export { invoiceCollection } from './invoice-collection';
export { customerCollection } from './customer-collection';
