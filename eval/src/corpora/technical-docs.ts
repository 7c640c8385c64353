import type { EvalCorpus } from './corpus-types.ts';

/**
 * Technical documentation: nested headings, reference prose, code blocks and links (a fictional
 * static-site deployment CLI).
 */
const DOCUMENT = `# Skiff documentation

Skiff is a command-line tool that builds a static site and uploads it to object storage with atomic releases.

## Installation

Skiff needs Node.js 20 or newer. Install it globally with npm:

\`\`\`
npm install --global skiff-cli
\`\`\`

On macOS you can also use Homebrew with \`brew install skiff\`. Check the installed version with \`skiff --version\`.

## Configuration

Skiff reads \`skiff.toml\` at the root of the project. The \`output\` key names the folder to upload (default \`dist\`) and the \`bucket\` key names the destination. Settings can be overridden with environment variables prefixed with \`SKIFF_\`, for example \`SKIFF_BUCKET\`.

### Credentials

Skiff never stores secrets in \`skiff.toml\`. It reads the access key from the \`SKIFF_ACCESS_KEY\` and \`SKIFF_SECRET_KEY\` environment variables, or from the profile named by \`--profile\` in \`~/.skiff/credentials\`.

## Deploying

Run \`skiff deploy\` to build and upload. Each deploy creates a new release folder and switches the live pointer only after every file is uploaded, so visitors never see a half-updated site. Files whose content hash has not changed are not uploaded again.

### Preview deployments

\`skiff deploy --preview\` uploads to a temporary address such as \`https://pr-42.preview.example\` without touching production. Preview releases are deleted automatically after 7 days.

### Rolling back

\`skiff rollback\` points the site back to the previous release in under a second. Pass \`--to <release-id>\` to choose an older one; \`skiff releases\` lists the last 20 releases with their ids.

## Caching headers

HTML files are served with \`Cache-Control: no-cache\`. Fingerprinted assets (names containing a hash) get \`max-age=31536000, immutable\`. Add rules under \`[headers]\` in \`skiff.toml\` to change this.

## Redirects

Declare redirects in a \`_redirects\` file, one per line: the old path, the new path and an optional status code (301 by default). Skiff checks the file for loops before deploying and stops with an error if it finds one.

## Continuous integration

Skiff works in any CI. Set \`SKIFF_ACCESS_KEY\` and \`SKIFF_SECRET_KEY\` as secret variables and run \`skiff deploy --yes\` so it does not ask for confirmation. See the [CI guide](https://skiff.example/docs/ci) for ready-made GitHub Actions and GitLab workflows.

## Troubleshooting

If a deploy fails with \`EACCES\`, the access key lacks write permission on the bucket. If uploads are slow, raise \`--concurrency\` (default 8, maximum 64). Run any command with \`--verbose\` to print every request Skiff makes.

## Licence

Skiff is open source under the MIT licence. The source code lives at [github.com/skiff-cli/skiff](https://github.com/skiff-cli/skiff).
`;

export const TECHNICAL_DOCS: EvalCorpus = {
  name: 'technical docs',
  format: 'markdown',
  document: DOCUMENT,
  questions: [
    { question: 'which node version do I need', fact: /node\.?js 20/i },
    { question: 'how do I set it up on a Mac', fact: /brew install skiff/i },
    { question: 'where do I put my API keys and secrets', fact: /SKIFF_ACCESS_KEY|credentials/ },
    { question: 'how do I undo a bad release', fact: /skiff rollback/i },
    { question: 'test my changes on a staging URL before going live', fact: /--preview/i },
    { question: 'how long are the temporary preview sites kept', fact: /7 days/i },
    { question: 'browser cache settings for my html pages', fact: /no-cache/i },
    { question: 'forward an old URL to a new page', fact: /_redirects/i },
    { question: 'run it from GitHub Actions without a prompt', fact: /--yes/i },
    { question: 'permission denied error when publishing', fact: /EACCES|write permission/i },
    { question: 'make uploads faster', fact: /--concurrency/i },
    { question: 'is skiff free software? what license', fact: /MIT/ },
    { question: 'which directory gets published by default', fact: /dist/ },
    {
      question: 'does it re-upload files that did not change',
      fact: /not uploaded again|content hash/i,
    },
  ],
  offTopic: [
    'how do I install Windows 11 on my laptop',
    'how do I fix a leaking kitchen tap',
    'recommend a good science fiction novel',
    'what is the best diet to lose weight',
    'I want to book a flight to Lisbon',
  ],
};
