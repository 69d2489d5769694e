import { ActionIcon, Alert, Center, Group, Loader, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue, useElementSize } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { base64ToBytes } from './fileKinds.js';
import type * as PdfJsModule from './pdfjs.js';
import type { PDFDocumentProxy } from './pdfjs.js';

type PdfJs = typeof PdfJsModule;

/** Pages given a place in the preview; a longer PDF says so and offers the download. */
export const MAX_PREVIEW_PAGES = 200;
/** Bitmap size cap per page (4096²), so a large page on a dense screen does not exhaust memory. */
const MAX_CANVAS_PIXELS = 4096 * 4096;
const PAGE_GAP = 12;

type Loaded =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; pdf: PdfJs; doc: PDFDocumentProxy; aspect: number };

export interface PdfPreviewProps {
  content: string;
  encoding: 'utf8' | 'base64';
  name: string;
  /** The Download button, offered again when the PDF cannot be shown. */
  download: ReactNode;
}

/**
 * A PDF drawn by pdf.js onto canvases (no browser PDF plugin, which the desktop window does not
 * reliably have): the first page at once, the others as they scroll near, each at the screen's pixel
 * density and the preview's width, with a text layer so the text can be selected and found.
 */
export function PdfPreview({ content, encoding, name, download }: PdfPreviewProps) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    let opened: PDFDocumentProxy | undefined;
    setLoaded({ status: 'loading' });
    void (async () => {
      try {
        const pdf = await import('./pdfjs.js');
        const bytes = encoding === 'base64' ? base64ToBytes(content) : new TextEncoder().encode(content);
        const doc = await pdf.openPdf(bytes, controller.signal);
        opened = doc;
        if (controller.signal.aborted) return void doc.loadingTask.destroy();
        const first = (await doc.getPage(1)).getViewport({ scale: 1 });
        if (!controller.signal.aborted) setLoaded({ status: 'ready', pdf, doc, aspect: first.height / first.width });
      } catch (error) {
        if (controller.signal.aborted) return;
        setLoaded({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      controller.abort();
      void opened?.loadingTask.destroy();
    };
  }, [content, encoding]);

  if (loaded.status === 'loading') {
    return (
      <Center py="xl">
        <Loader aria-label="Preparing the PDF" />
      </Center>
    );
  }
  if (loaded.status === 'error') {
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} title={`${name} cannot be shown`}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{loaded.message}</Text>
          {download}
        </Stack>
      </Alert>
    );
  }
  return <PdfPages pdf={loaded.pdf} doc={loaded.doc} aspect={loaded.aspect} name={name} />;
}

function PdfPages({ pdf, doc, aspect, name }: { pdf: PdfJs; doc: PDFDocumentProxy; aspect: number; name: string }) {
  const { ref: sizeRef, width: measured } = useElementSize<HTMLDivElement>();
  const [width] = useDebouncedValue(Math.floor(measured), 150);
  const scroller = useRef<HTMLDivElement | null>(null);
  const slots = useRef<(HTMLDivElement | null)[]>([]);
  const [near, setNear] = useState<ReadonlySet<number>>(() => new Set([1]));
  const [current, setCurrent] = useState(1);
  const shown = Math.min(doc.numPages, MAX_PREVIEW_PAGES);
  const dpr = useDevicePixelRatio();

  const setScroller = useCallback(
    (element: HTMLDivElement | null) => {
      scroller.current = element;
      sizeRef(element);
    },
    [sizeRef],
  );

  const pageWidth = Math.max(0, width - 2 * PAGE_GAP);
  const measuredOnce = pageWidth > 0;

  // Pages within a screenful of the visible part get a canvas; the others give theirs back. The
  // slots are laid out (at their pages' size) before they are observed, or all would seem near.
  useEffect(() => {
    const root = scroller.current;
    if (!root || !measuredOnce) return;
    const observer = new IntersectionObserver(
      (entries) =>
        setNear((before) => {
          const next = new Set(before);
          for (const entry of entries) {
            const number = Number((entry.target as HTMLElement).dataset.page);
            if (entry.isIntersecting) next.add(number);
            else next.delete(number);
          }
          return next;
        }),
      { root, rootMargin: '100% 0px' },
    );
    for (const slot of slots.current.slice(0, shown)) if (slot) observer.observe(slot);
    return () => observer.disconnect();
  }, [shown, measuredOnce]);

  const onScroll = () => {
    const root = scroller.current;
    if (!root) return;
    const line = root.scrollTop + root.clientHeight / 3;
    let page = 1;
    for (let i = 0; i < shown; i++) {
      const slot = slots.current[i];
      if (slot && slot.offsetTop <= line) page = i + 1;
    }
    setCurrent(page);
  };

  const goTo = (page: number) => {
    const slot = slots.current[page - 1];
    const root = scroller.current;
    if (!slot || !root) return;
    root.scrollTo({ top: slot.offsetTop - PAGE_GAP });
    setCurrent(page);
  };

  return (
    <Paper withBorder radius="sm" className="document-pdf">
      <Group justify="space-between" px="sm" py={6} className="document-pdf-toolbar">
        <Text size="xs" c="dimmed" aria-live="polite">
          Page {current} of {doc.numPages}
        </Text>
        <Group gap={4}>
          <Tooltip label="Previous page">
            <ActionIcon
              variant="subtle"
              size="sm"
              aria-label="Previous page"
              disabled={current <= 1}
              onClick={() => goTo(current - 1)}
            >
              <IconChevronUp size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Next page">
            <ActionIcon
              variant="subtle"
              size="sm"
              aria-label="Next page"
              disabled={current >= shown}
              onClick={() => goTo(current + 1)}
            >
              <IconChevronDown size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <div
        ref={setScroller}
        className="document-pdf-pages"
        role="region"
        aria-label={`PDF ${name}`}
        tabIndex={0}
        onScroll={onScroll}
        style={{ padding: PAGE_GAP, gap: PAGE_GAP }}
      >
        {measuredOnce &&
          Array.from({ length: shown }, (_, i) => (
            <div
              key={i}
              ref={(element) => {
                slots.current[i] = element;
              }}
              data-page={i + 1}
            >
              <PdfPage
                pdf={pdf}
                doc={doc}
                number={i + 1}
                width={pageWidth}
                dpr={dpr}
                aspect={aspect}
                active={near.has(i + 1)}
              />
            </div>
          ))}
        {doc.numPages > shown && (
          <Text size="sm" c="dimmed" ta="center">
            The preview shows the first {shown} of {doc.numPages} pages. Download the file to see the rest.
          </Text>
        )}
      </div>
    </Paper>
  );
}

interface PdfPageProps {
  pdf: PdfJs;
  doc: PDFDocumentProxy;
  number: number;
  width: number;
  dpr: number;
  /** height / width, from the first page until this one is known */
  aspect: number;
  active: boolean;
}

function PdfPage({ pdf, doc, number, width, dpr, aspect: guessed, active }: PdfPageProps) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const text = useRef<HTMLDivElement | null>(null);
  const [aspect, setAspect] = useState(guessed);
  const [state, setState] = useState<'pending' | 'drawn' | { error: string }>('pending');

  useEffect(() => {
    if (!active) {
      setState('pending');
      return;
    }
    let cancelled = false;
    let cancel = () => {};
    void (async () => {
      try {
        const page = await doc.getPage(number);
        const element = canvas.current;
        const layer = text.current;
        if (cancelled || !element || !layer) return;
        const natural = page.getViewport({ scale: 1 });
        setAspect(natural.height / natural.width);
        const viewport = page.getViewport({ scale: width / natural.width });
        const scale = Math.min(dpr, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
        element.width = Math.floor(viewport.width * scale);
        element.height = Math.floor(viewport.height * scale);
        element.style.width = `${Math.floor(viewport.width)}px`;
        element.style.height = `${Math.floor(viewport.height)}px`;
        const render = page.render({
          canvas: element,
          viewport,
          transform: scale === 1 ? undefined : [scale, 0, 0, scale, 0, 0],
        });
        layer.replaceChildren();
        layer.style.setProperty('--total-scale-factor', String(viewport.scale));
        layer.style.setProperty('--scale-round-x', '1px');
        layer.style.setProperty('--scale-round-y', '1px');
        const textLayer = new pdf.TextLayer({
          textContentSource: page.streamTextContent(),
          container: layer,
          viewport,
        });
        cancel = () => {
          render.cancel();
          textLayer.cancel();
        };
        await render.promise;
        // The text layer only helps selection and search; a page without one is still shown.
        await textLayer.render().catch(() => undefined);
        if (!cancelled) setState('drawn');
      } catch (error) {
        if (cancelled || (error as { name?: unknown } | null)?.name === 'RenderingCancelledException') return;
        setState({ error: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      cancelled = true;
      cancel();
    };
  }, [pdf, doc, number, width, dpr, active]);

  const height = Math.floor(width * aspect);
  return (
    <div
      className="document-pdf-page"
      style={{ width, height }}
      data-testid="pdf-page"
      data-rendered={state === 'drawn' ? 'true' : undefined}
    >
      {active && (
        <>
          <canvas ref={canvas} role="img" aria-label={`Page ${number} of ${doc.numPages}`} />
          <div ref={text} className="textLayer" />
        </>
      )}
      {typeof state === 'object' && (
        <Center className="document-pdf-page-error">
          <Text size="sm" c="red">
            Page {number} could not be drawn: {state.error}
          </Text>
        </Center>
      )}
    </div>
  );
}

/** window.devicePixelRatio, updated when the window moves to a screen of another density or zooms. */
function useDevicePixelRatio(): number {
  const [dpr, setDpr] = useState(() => window.devicePixelRatio || 1);
  useEffect(() => {
    const query = window.matchMedia(`(resolution: ${dpr}dppx)`);
    const changed = () => setDpr(window.devicePixelRatio || 1);
    query.addEventListener('change', changed, { once: true });
    return () => query.removeEventListener('change', changed);
  }, [dpr]);
  return dpr;
}
