-- Written by `npm run deploy-files` from the registry: one database per service.
CREATE DATABASE runnerly_tokendealer OWNER runnerly;
CREATE DATABASE runnerly_accounts OWNER runnerly;
CREATE DATABASE runnerly_data OWNER runnerly;
CREATE DATABASE runnerly_strava OWNER runnerly;
CREATE DATABASE runnerly_imports OWNER runnerly;
CREATE DATABASE runnerly_training OWNER runnerly;
CREATE DATABASE runnerly_races OWNER runnerly;
CREATE DATABASE runnerly_reports OWNER runnerly;
CREATE DATABASE runnerly_gateway OWNER runnerly;
