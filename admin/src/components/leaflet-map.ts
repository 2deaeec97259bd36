import L from 'leaflet';

/** A site plan image as the map shows it: its address and its size in image pixels. */
export interface PlanImage {
  url: string;
  width: number;
  height: number;
}

/**
 * Lays the site plan image on a map built with `L.CRS.Simple` (1 map unit = 1 image pixel, y upwards, origin at the
 * image's bottom-left corner) and returns the image's bounds, for fitting the view or limiting the pan.
 */
export function addPlanImage(m: L.Map, plan: PlanImage): L.LatLngBounds {
  const bounds = L.latLngBounds([0, 0], [plan.height, plan.width]);
  L.imageOverlay(plan.url, bounds, { className: 'site-plan-image' }).addTo(m);
  return bounds;
}

/**
 * Finishes a freshly built map inside a `useEffect`: adds the layer group the markers are drawn into, stores the map
 * and the layer in the component's refs and keeps the map's size in step with its box (`el`). Returns the effect's
 * cleanup, which stops the resize watch, removes the map and clears both refs.
 */
export function attachMap(
  m: L.Map,
  el: HTMLElement,
  map: { current: L.Map | null },
  layer: { current: L.LayerGroup | null },
): () => void {
  layer.current = L.layerGroup().addTo(m);
  map.current = m;
  const ro = new ResizeObserver(() => m.invalidateSize());
  ro.observe(el);
  return () => {
    ro.disconnect();
    m.remove();
    map.current = null;
    layer.current = null;
  };
}
