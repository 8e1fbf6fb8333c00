/** Tables of migration 0018_payment_customers.sql. */
export interface PaymentCustomersTable {
  userId: string;
  customerId: string;
  createdAt: Date;
}

export interface PaymentCustomersTables {
  paymentCustomers: PaymentCustomersTable;
}
