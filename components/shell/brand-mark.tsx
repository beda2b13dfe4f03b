// Proativa's mark (the favicon's drawing), inline so it needs no request and scales with the text.
export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg viewBox="0 0 32 32" width={size} height={size} aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#0b6e4f" />
      <path
        d="M11 24.5V7.5h6.5a5.25 5.25 0 0 1 0 10.5H11"
        fill="none"
        stroke="#fff"
        strokeWidth="3.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <circle cx="23.5" cy="24" r="2.6" fill="#f5b83d" />
    </svg>
  );
}
