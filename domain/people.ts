/** Someone the platform hands work or news to: a user as the auth directory knows them. */
export interface Person {
  id: string;
  email: string;
  name: string;
}
