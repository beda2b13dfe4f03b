// One sign-in per role, saved as storage state for the other specs. The first goes through the real login
// form; the others post the same credentials to NextAuth's endpoints directly (its CSRF token first), which
// gives the same session cookie without rendering a page per role (about 5 s each under CI's load). The form's
// own behaviour (bad credentials, a new user signing in) is tested in shell.spec.ts.
import { expect, test as setup } from '@playwright/test';
import { EXTRA_USERS, ROLE_USERS, storageState } from './roles';

const users = Object.entries({ ...ROLE_USERS, ...EXTRA_USERS });

for (const [i, [role, user]] of users.entries()) {
  if (i === 0) {
    setup(`sign in as ${role} through the form`, async ({ page }) => {
      await page.goto('/login');
      await page.getByLabel('E-mail').fill(user.email);
      await page.getByLabel('Senha').fill(user.password);
      await page.getByRole('button', { name: 'Entrar' }).click();
      await expect(page.getByTestId('current-role')).toBeVisible();
      await page.context().storageState({ path: storageState(role) });
    });
    continue;
  }
  setup(`sign in as ${role}`, async ({ request }) => {
    const csrf = await request.get('/api/auth/csrf');
    expect(csrf.status()).toBe(200);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await request.post('/api/auth/callback/credentials', {
      form: { csrfToken, email: user.email, password: user.password, json: 'true' },
      maxRedirects: 0,
    });
    expect([200, 302], await res.text()).toContain(res.status());
    const session = await request.get('/api/auth/session');
    const body = (await session.json()) as { user?: { email?: string } };
    expect(body.user?.email?.toLowerCase()).toBe(user.email.toLowerCase());
    await request.storageState({ path: storageState(role) });
  });
}
