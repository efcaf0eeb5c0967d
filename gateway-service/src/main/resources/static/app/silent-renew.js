// Runs inside the hidden iframe of a silent renewal: hands the authorization response to the parent page.
import { createUserManager, loadConfig } from './auth.js';

const userManager = createUserManager(await loadConfig());
await userManager.signinSilentCallback();
