import 'dotenv/config';
import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createLogger } from './logger.js';
import { serveCluster } from './runtime/cluster.js';
import { serveInstance } from './runtime/instance.js';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const logger = createLogger(config);
if (cluster.isPrimary && config.jwt.isDevelopmentSecret) {
  logger.warn('JWT_SECRET is not set: using the public development secret (refused in production)');
}
const serve = cluster.isPrimary && config.webConcurrency > 1 ? serveCluster : serveInstance;
serve(config, logger).catch((error: unknown) => {
  console.error('Failed to start:', error);
  process.exit(1);
});
