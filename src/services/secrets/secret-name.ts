import { z } from 'zod';

/**
 * A secret's name as pipeops accepts it: an environment-variable-like identifier (Alooma secrets are the Code
 * Engine's environment, MA secrets.py: `my_user`, `my_password`), so it is safe in a URL path, a card and a log.
 */
export const SecretNameSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'a secret name is letters, digits and underscores, not starting with a digit, at most 128 characters',
  );
