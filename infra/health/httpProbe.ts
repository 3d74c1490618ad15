/** Container health check of an HTTP service: `node dist/infra/health/httpProbe.js <port>`. */
const port = Number(process.argv[2]);
fetch(`http://127.0.0.1:${port}/api/v1/health/`).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
