// One sign-in per role through the real login form, saved as storage state for the other specs.
import { expect, test as setup } from '@playwright/test';
import { EXTRA_USERS, ROLE_USERS, storageState } from './roles';

for (const [role, user] of Object.entries({ ...ROLE_USERS, ...EXTRA_USERS })) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Senha').fill(user.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.getByTestId('current-role')).toBeVisible();
    await page.context().storageState({ path: storageState(role) });
  });
}
