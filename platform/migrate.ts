import { loadConfig } from '../infra/config/config';
import { preparePlatform } from './prepare';
import { seedPlatform } from './seed';

/** `npm run migrate` (databases, schemas, migrations) and `npm run seed` (the same, then demo data). */
async function main(): Promise<void> {
  const config = loadConfig();
  await preparePlatform(config, (line) => console.log(line));
  if (process.argv.includes('--seed')) {
    const report = await seedPlatform(config);
    console.log(`seeded definitions: ${report.definitions.join(', ') || 'already there'}`);
    console.log(`demo users: ${report.users.map((u) => u.email).join(', ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
